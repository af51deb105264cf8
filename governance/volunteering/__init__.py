"""Volunteer service (Volunteer Service Regulations 2017): activities, sign-ups, minutes
recorded by the organizer (travel excluded), confirmation posting minutes to the volunteer's
``VOLUNTEER_MINUTES`` ledger account and points by the scheme's conversion, and numbered
certificates of the service record.
"""
