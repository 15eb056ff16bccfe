# themes/local.mk: the shipped themes, installed to $(pkgdatadir)/themes.
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = \
	themes/default.theme \
	themes/light.theme \
	themes/solarized-dark.theme \
	themes/high-contrast.theme \
	themes/mono.theme \
	themes/README
