# doc/local.mk: the contracts the code follows, shipped in the tarball.
EXTRA_DIST += \
	doc/api.md \
	doc/api-models.md \
	doc/csp.md \
	doc/fingerprint.md \
	doc/outcomes.md \
	doc/rotation.md \
	doc/sandbox.md \
	doc/search.md
