# src/client.mk: the client part of libwft and its tests (see the header of each file).
