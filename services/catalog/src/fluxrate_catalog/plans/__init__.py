"""Plans and their charges: what a subscription bills, and the features it unlocks."""
