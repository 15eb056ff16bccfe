/* tmuxclip.c: tmux load-buffer -w and delete-buffer, run with a time limit. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tmuxclip.h"

extern char **environ;

#define TMUXCLIP_TIMEOUT_MS 5000

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tmuxclip_buffer_name(char *out, size_t size)
{
	snprintf(out, size, "wftokens-%ld", (long)getpid());
}

/* Reads what is there from fd into out (size bytes, kept NUL-terminated);
 * what does not fit is read and dropped, so tmux never blocks on it. */
static void drain(int fd, char *out, size_t size, size_t *got)
{
	char spill[512];
	ssize_t n;

	for (;;) {
		if (*got + 1 < size)
			n = read(fd, out + *got, size - 1 - *got);
		else
			n = read(fd, spill, sizeof spill);
		if (n <= 0)
			break;
		if (*got + 1 < size)
			*got += (size_t)n;
	}
	out[*got] = '\0';
}

/* Writes the len bytes of input to fd (a pipe to tmux) before deadline;
 * false when tmux did not take them in time. The pipe holds far more than
 * a token; still, it is never blocked on. */
static bool feed(int fd, const char *input, size_t len, long long deadline)
{
	size_t off = 0;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (off < len) {
		ssize_t n = write(fd, input + off, len - off);
		if (n > 0) {
			off += (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			long long left = deadline - mono_ms();
			if (left <= 0 || poll(&p, 1, (int)left) == 0)
				return false;
		} else if (!(n < 0 && errno == EINTR)) {
			break;
		}
	}
	return true;
}

/* Runs argv with input (may be NULL) on its standard input; its standard
 * output goes to out (size bytes; NULL: nowhere); a tmux that does not
 * answer in time is killed. */
static enum wft_status run(char *const argv[], const char *input, char *out, size_t size,
                           struct wft_error *err)
{
	long long deadline = mono_ms() + TMUXCLIP_TIMEOUT_MS;
	posix_spawn_file_actions_t fa;
	int in[2], outp[2] = { -1, -1 }, status = 0, rc;
	size_t len = input ? strlen(input) : 0, got = 0;
	pid_t pid;
	bool timed_out = false;

	if (pipe2(in, O_CLOEXEC) != 0)
		return wft_error_set(err, WFT_ERR_IO, "cannot run tmux: %s", strerror(errno));
	if (out && pipe2(outp, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		return wft_error_set(err, WFT_ERR_IO, "cannot run tmux: %s", strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	if (out)
		posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	if (out) {
		close(outp[1]);
		fcntl(outp[0], F_SETFL, O_NONBLOCK);
		out[0] = '\0';
	}
	if (rc != 0) {
		close(in[1]);
		if (out)
			close(outp[0]);
		return wft_error_set(err, WFT_ERR_IO, "cannot run tmux: %s", strerror(rc));
	}
	timed_out = !feed(in[1], input, len, deadline);
	close(in[1]);
	for (;;) {
		pid_t w;

		if (out)
			drain(outp[0], out, size, &got);
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			break;
		if (mono_ms() >= deadline) {
			timed_out = true;
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		struct timespec nap = { 0, 10 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
	if (out) {
		drain(outp[0], out, size, &got);
		close(outp[0]);
	}
	if (timed_out)
		return wft_error_set(err, WFT_ERR_IO, "tmux did not answer within %d s",
		                     TMUXCLIP_TIMEOUT_MS / 1000);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return wft_error_set(err, WFT_ERR_IO, "tmux %s failed (%s %d)", argv[1],
		                     WIFEXITED(status) ? "exit status" : "signal",
		                     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return WFT_OK;
}

enum wft_status tmuxclip_load(const char *name, const char *text, struct wft_error *err)
{
	char *argv[] = { "tmux", "load-buffer", "-w", "-b", (char *)name, "-", NULL };

	return run(argv, text, NULL, 0, err);
}

enum wft_status tmuxclip_delete(const char *name, struct wft_error *err)
{
	char *argv[] = { "tmux", "delete-buffer", "-b", (char *)name, NULL };
	enum wft_status st = run(argv, NULL, NULL, 0, err);

	/* Nothing to delete is what was wanted. */
	if (st != WFT_OK && strstr(err->message, "exit status 1"))
		return WFT_OK;
	return st;
}

/* The pid in a buffer name of ours ("wftokens-PID"), or 0. */
static long buffer_pid(const char *name)
{
	const char *p = name + strlen("wftokens-");
	char *end;
	long pid;

	if (strncmp(name, "wftokens-", strlen("wftokens-")) != 0 || *p < '1' || *p > '9')
		return 0;
	errno = 0;
	pid = strtol(p, &end, 10);
	if (errno != 0 || *end != '\0' || pid <= 0 || (long)(pid_t)pid != pid)
		return 0;
	return pid;
}

enum wft_status tmuxclip_sweep(size_t *removed, struct wft_error *err)
{
	char *argv[] = { "tmux", "list-buffers", "-F", "#{buffer_name}", NULL };
	char names[8192], *line, *save = NULL;
	enum wft_status st;

	*removed = 0;
	/* A server with no buffers at all still answers; no server is no buffer. */
	if (run(argv, NULL, names, sizeof names, err) != WFT_OK)
		return WFT_OK;
	for (line = strtok_r(names, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		long pid = buffer_pid(line);

		if (pid == 0 || pid == (long)getpid())
			continue;
		/* Only a process that is gone: a live one may still hand over. */
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		st = tmuxclip_delete(line, err);
		if (st != WFT_OK)
			return st;
		(*removed)++;
	}
	return WFT_OK;
}
