"""The operator's decisions on sellers and their offers: suspend, reinstate, give and withdraw notice."""
