"""The HTTP routes: one module per resource, each route one to three lines calling a service."""
