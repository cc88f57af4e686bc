"""What the explorer's pages compute and draw: view-models over the graph, no Streamlit."""
