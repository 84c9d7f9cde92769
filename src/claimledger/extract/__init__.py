"""Claim extraction: triggers, subjects, times, places, attribution and modality of claims."""
