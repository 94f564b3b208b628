"""Markets: storefront registry, URL routing by market, money formatting, tax display."""
