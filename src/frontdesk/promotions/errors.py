"""What a person registering for a promotion can get wrong: each carries a message for them."""


class PromotionError(Exception):
    """A registration refused; nothing was recorded."""


class UnknownCodeError(PromotionError):
    """No offer has this code."""


class OfferClosedError(PromotionError):
    """The offer is outside its validity period, or all its uses are taken."""
