"""Quality control: the operator's inspections of sellers' units and the rates the buy box reads."""
