/* fixed_answer.c: for screen and list tests, an HTTP server on a free
 * loopback port that answers every request with 200 and the bytes of one
 * file, as JSON: the way to put in front of the console an answer the
 * sandbox would never give (a token without an id). Prints "listening on
 * URL", then serves until standard input closes. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *body;
static size_t body_len;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version,
                              const char *upload, size_t *upload_len, void **con_cls)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls; (void)url; (void)method; (void)version; (void)upload;
	if (!*con_cls) {          /* first call: headers only */
		*con_cls = conn;
		return MHD_YES;
	}
	if (*upload_len) {        /* a body: take it, answer at its end */
		*upload_len = 0;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	FILE *f;
	long n;
	char buf[64];

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: fixed_answer FILE\n");
		return 2;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    !(body = malloc((size_t)n + 1)) || fread(body, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "fixed_answer: cannot read %s\n", argv[1]);
		return 2;
	}
	fclose(f);
	body_len = (size_t)n;
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, answer, NULL,
	                     MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_END);
	if (!d || !(info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT))) {
		fprintf(stderr, "fixed_answer: cannot listen\n");
		return 1;
	}
	printf("listening on http://127.0.0.1:%u\n", (unsigned)info->port);
	fflush(stdout);
	while (fgets(buf, sizeof buf, stdin))
		;
	MHD_stop_daemon(d);
	free(body);
	return 0;
}
