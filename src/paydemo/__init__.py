"""Paydemo: a small stand-in for a card payment provider, run as its own web app.

It has what Frontdesk needs from a real provider (Stripe Checkout) and no more: an API that opens
a hosted payment session, its own card page on its own origin, its own SQLite database, and
signed webhooks back to the shop. Frontdesk never sees a card number (FD-6): the card is typed
here, checked here, and only its brand and last four digits are kept — here.

It imports nothing from Frontdesk: it stands for a different company's system.
"""
