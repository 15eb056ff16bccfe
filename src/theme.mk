# src/theme.mk: the theme part of libwft and its tests (see the header of each file).
