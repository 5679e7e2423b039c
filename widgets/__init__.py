"""Small reusable widgets: progress gauge, score badge, timer, coach hints."""
