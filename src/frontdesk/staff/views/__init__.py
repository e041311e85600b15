"""Views of the staff area: thin, each one fetches through the access helper, calls one
service and renders. Every page is private to the signed-in member of staff (no-store)."""
