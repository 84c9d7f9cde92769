"""The web pages (``claimledger.web.routes``), mounted on the API's app: server-rendered,
usable without JavaScript. ``chart`` and ``highlight`` are plain functions the pages draw from.
"""
