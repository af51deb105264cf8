"""Petitions (信访): matters, petitioners, visits, statutory deadlines, replies and reviews;
hearings and consultations on major cases; leaders' reception days."""
