"""Pages of the shop: the public catalogue, cart and checkout (and the cookie-less order form),
the customer's Personal Shopping Account, and the staff pages under /staff/shop/."""
