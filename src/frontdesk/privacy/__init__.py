"""The privacy core: the published policy generated from the declarations, retention."""
