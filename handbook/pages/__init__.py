"""The site's pages: what a build computes for them and the templates that render them."""
