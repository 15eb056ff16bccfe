/* cmocka.h: stands in for the real header when configure found no cmocka
 * (its summary says so): the unit tests need it, the programs do not. */
#error "the unit tests need cmocka: apt-get install libcmocka-dev, then run ./configure again"
