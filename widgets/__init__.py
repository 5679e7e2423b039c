"""Small reusable widgets: progress gauge, health and score badges.

Import them from their modules (`widgets.gauge`, `widgets.badges`) so each
screen only loads what it uses.
"""
