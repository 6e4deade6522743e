/*
 * blackhole.c - a DNS server that never answers, for the benchmark: binds
 * UDP and TCP on 127.0.0.1 at the given port, accepts TCP connections and
 * reads nothing, and exits after the given number of seconds.
 *
 *   blackhole PORT SECONDS
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int
bound(int type, int port)
{
	struct sockaddr_in sin = { 0 };
	int fd, on = 1;

	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, type, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("blackhole");
		exit(1);
	}
	return fd;
}

int
main(int argc, char **argv)
{
	int tcp;

	if (argc != 3) {
		fprintf(stderr, "usage: blackhole PORT SECONDS\n");
		return 2;
	}
	(void)bound(SOCK_DGRAM, atoi(argv[1]));
	tcp = bound(SOCK_STREAM, atoi(argv[1]));
	if (listen(tcp, 16) == -1) {
		perror("blackhole");
		return 1;
	}
	sleep((unsigned)atoi(argv[2]));
	return 0;
}
