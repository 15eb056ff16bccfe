/* main.c: wftokens-sandbox, the API emulator as a standalone program. It
 * prints where it listens, then serves until SIGINT or SIGTERM. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "sandbox/sandbox.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wftokens-sandbox [OPTION]...\n"
		"Emulate the Operations for Applications token API on a loopback port.\n"
		"\n"
		"  -l, --listen ADDR:PORT     where to listen (default 127.0.0.1:0, a free port)\n"
		"  -d, --db PATH              keep the data in this SQLite file (default: a\n"
		"                             temporary one, removed on exit)\n"
		"  -s, --seed N               create about N tokens in a realistic organisation\n"
		"  -r, --random-seed S        make the seeded data reproducible\n"
		"      --seed-saved N         give the administrator N saved searches more\n"
		"      --seed-groups N        list N user groups more than the built-in ones\n"
		"      --seed-roles N         list N roles more than the built-in ones\n"
		"                             (long lists, for reading past the first page)\n"
		"  -a, --admin-token UUID     create an administrator holding this API token\n"
		"      --csp-onboarded        behave as an instance onboarded to VMware Cloud\n"
		"                             services: CSP user accounts, the own-token\n"
		"                             endpoints refused, few user tokens\n"
		"      --csp-api-token TOKEN  accept this CSP API token for the administrator\n"
		"      --csp-client ID:SECRET accept this CSP OAuth app for the administrator\n"
		"      --csp-roles LIST       its VMware Cloud services roles (default org_owner;\n"
		"                             also org_member, developer)\n"
		"      --csp-token-expires DAYS  the CSP API token expires in DAYS (default 90,\n"
		"                             0 = never)\n"
		"      --access-ttl SECONDS   lifetime of issued CSP access tokens (default 1800)\n"
		"      --faults SPEC          inject faults, e.g. latency_ms=200,fail_next=2,status=503\n"
		"      --tls-cert FILE        serve HTTPS with this PEM certificate\n"
		"      --tls-key FILE         and this PEM private key\n"
		"      --max-connections N    open connections at most (default 16384, or what\n"
		"                             the open-file limit allows)\n"
		"      --per-ip-limit N       connections at most from one client address\n"
		"                             (default: no such limit)\n"
		"      --idle-timeout SECONDS close an idle connection after this (default 10)\n"
		"  -h, --help                 display this help and exit\n"
		"  -V, --version              output version information and exit\n"
		"\n"
		"The first line on standard output is \"listening on URL\".\n"
		"Faults can also be set with POST /_sandbox/faults (from loopback only).\n");
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > max || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	enum { OPT_CSP_TOKEN = 256, OPT_CSP_CLIENT, OPT_TTL, OPT_FAULTS, OPT_CERT, OPT_KEY,
	       OPT_SEED_SAVED, OPT_SEED_GROUPS, OPT_SEED_ROLES,
	       OPT_MAX_CONN, OPT_PER_IP, OPT_IDLE, OPT_CSP_ONBOARDED, OPT_CSP_ROLES,
	       OPT_CSP_EXPIRES };
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "random-seed", required_argument, NULL, 'r' },
		{ "seed-saved", required_argument, NULL, OPT_SEED_SAVED },
		{ "seed-groups", required_argument, NULL, OPT_SEED_GROUPS },
		{ "seed-roles", required_argument, NULL, OPT_SEED_ROLES },
		{ "admin-token", required_argument, NULL, 'a' },
		{ "csp-api-token", required_argument, NULL, OPT_CSP_TOKEN },
		{ "csp-client", required_argument, NULL, OPT_CSP_CLIENT },
		{ "csp-roles", required_argument, NULL, OPT_CSP_ROLES },
		{ "csp-token-expires", required_argument, NULL, OPT_CSP_EXPIRES },
		{ "access-ttl", required_argument, NULL, OPT_TTL },
		{ "faults", required_argument, NULL, OPT_FAULTS },
		{ "tls-cert", required_argument, NULL, OPT_CERT },
		{ "tls-key", required_argument, NULL, OPT_KEY },
		{ "max-connections", required_argument, NULL, OPT_MAX_CONN },
		{ "per-ip-limit", required_argument, NULL, OPT_PER_IP },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE },
		{ "csp-onboarded", no_argument, NULL, OPT_CSP_ONBOARDED },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sandbox_options o;
	struct wft_error err = { 0 };
	struct sandbox *sb;
	struct sigaction sa;
	sigset_t mask, old;
	unsigned long v;
	int c;

	sandbox_options_init(&o);
	while ((c = getopt_long(argc, argv, "l:d:s:r:a:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'l': o.listen = optarg; break;
		case 'd': o.db_path = optarg; break;
		case 's':
			if (parse_uint(optarg, 10000000, &v) < 0) {
				fprintf(stderr, "wftokens-sandbox: --seed wants a number up to 10000000\n");
				return EXIT_FAILURE;
			}
			o.seed_tokens = (unsigned)v;
			break;
		case 'r':
			if (parse_uint(optarg, ULONG_MAX, &v) < 0) {
				fprintf(stderr, "wftokens-sandbox: --random-seed wants a number\n");
				return EXIT_FAILURE;
			}
			o.random_seed = v;
			break;
		case OPT_SEED_SAVED: case OPT_SEED_GROUPS: case OPT_SEED_ROLES:
			if (parse_uint(optarg, 100000, &v) < 0) {
				fprintf(stderr, "wftokens-sandbox: --%s wants a number up to 100000\n",
				        c == OPT_SEED_SAVED ? "seed-saved" :
				        c == OPT_SEED_GROUPS ? "seed-groups" : "seed-roles");
				return EXIT_FAILURE;
			}
			if (c == OPT_SEED_SAVED)
				o.seed_saved = (unsigned)v;
			else if (c == OPT_SEED_GROUPS)
				o.seed_groups = (unsigned)v;
			else
				o.seed_roles = (unsigned)v;
			break;
		case 'a': o.admin_token = optarg; break;
		case OPT_CSP_TOKEN: o.csp_api_token = optarg; break;
		case OPT_CSP_CLIENT: o.csp_client = optarg; break;
		case OPT_CSP_ROLES: o.csp_roles = optarg; break;
		case OPT_CSP_EXPIRES:
			if (parse_uint(optarg, 36500, &v) < 0) {
				fprintf(stderr, "wftokens-sandbox: --csp-token-expires wants 0 to 36500 days\n");
				return EXIT_FAILURE;
			}
			o.csp_token_days = v == 0 ? -1 : (int)v;
			break;
		case OPT_TTL:
			if (parse_uint(optarg, 86400, &v) < 0 || v == 0) {
				fprintf(stderr, "wftokens-sandbox: --access-ttl wants 1 to 86400 seconds\n");
				return EXIT_FAILURE;
			}
			o.access_ttl = (int)v;
			break;
		case OPT_FAULTS: o.faults = optarg; break;
		case OPT_CERT: o.tls_cert = optarg; break;
		case OPT_CSP_ONBOARDED: o.csp_onboarded = true; break;
		case OPT_KEY: o.tls_key = optarg; break;
		case OPT_MAX_CONN:
		case OPT_PER_IP:
		case OPT_IDLE:
			if (parse_uint(optarg, c == OPT_IDLE ? 3600 : 1000000, &v) < 0 || v == 0) {
				fprintf(stderr, "wftokens-sandbox: --%s wants a positive number%s\n",
				        c == OPT_MAX_CONN ? "max-connections" :
				        c == OPT_PER_IP ? "per-ip-limit" : "idle-timeout",
				        c == OPT_IDLE ? " of seconds up to 3600" : "");
				return EXIT_FAILURE;
			}
			if (c == OPT_MAX_CONN)
				o.max_connections = (unsigned)v;
			else if (c == OPT_PER_IP)
				o.per_ip_limit = (unsigned)v;
			else
				o.idle_timeout = (unsigned)v;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("%s\n", sandbox_server_name());
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wftokens-sandbox: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return EXIT_FAILURE;
	}

	/* Block the stop signals in every thread the server starts; the main
	 * thread waits for them with sigsuspend. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &mask, &old);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Room for many connections: the soft open-file limit up to the hard. */
	{
		struct rlimit rl;
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	sb = sandbox_start(&o, &err);
	if (!sb) {
		fprintf(stderr, "wftokens-sandbox: %s\n", err.message);
		return EXIT_FAILURE;
	}
	printf("listening on %s\n", sandbox_url(sb));
	fflush(stdout);
	while (!stop_signal)
		sigsuspend(&old);
	sandbox_stop(sb);
	return EXIT_SUCCESS;
}
