"""The secretariat's funding pages: each period's figures, imports from spreadsheets, and the
Urban Action Funding Window's books."""
