"""The reference for `/healthz`: the project `django-admin startproject` makes (its apps and
middleware, DEBUG off), with one view answering what Hooklane's `/healthz` answers. The
ingest benchmark serves it behind the same server settings as Hooklane, in the same run."""
