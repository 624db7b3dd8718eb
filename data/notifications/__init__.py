"""Telling people about measures: who is responsible, the mails to them, the queue and the reminders."""
