"""Face verification: the port, the pipeline behind it, and the ways to run it off the loop.

Only `port` is free of third-party imports; import the rest where the engine is wanted.
"""
