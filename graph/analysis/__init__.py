"""Network analysis over a networkx export: centralities, brokerage, groups, disruption."""
