"""Placeholder while the page is built (issue 7)."""

import streamlit as st

st.title("markets")
st.info("This page is being built.")
