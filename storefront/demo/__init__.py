"""The demo catalog: real device models, fictional refurbishers, deterministic offers."""
