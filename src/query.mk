# src/query.mk: the query part of libwft and its tests (see the header of each file).
