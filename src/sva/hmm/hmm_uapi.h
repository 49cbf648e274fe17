/*
 * The ioctl ABI of the kernel's test_hmm dmirror device (lib/test_hmm_uapi.h
 * in the kernel tree, stable since 5.9): it is no installed uapi header,
 * so the definitions svafuzz uses are restated here.
 */
#ifndef SF_HMM_UAPI_H
#define SF_HMM_UAPI_H
#include <linux/ioctl.h>
#include <stdint.h>

/*
 * addr: arena address (page aligned); ptr: our buffer, npages pages long;
 * cpages (out): pages done; faults (out): device page faults taken.
 */
struct hmm_dmirror_cmd {
	uint64_t addr;
	uint64_t ptr;
	uint64_t npages;
	uint64_t cpages;
	uint64_t faults;
};

#define HMM_DMIRROR_READ		_IOWR('H', 0x00, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_WRITE		_IOWR('H', 0x01, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_MIGRATE_TO_DEV	_IOWR('H', 0x02, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_MIGRATE_TO_SYS	_IOWR('H', 0x03, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_SNAPSHOT		_IOWR('H', 0x04, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_EXCLUSIVE		_IOWR('H', 0x05, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_CHECK_EXCLUSIVE	_IOWR('H', 0x06, struct hmm_dmirror_cmd)

/* SNAPSHOT: one byte per page */
#define HMM_DMIRROR_PROT_ERROR		0xFF
#define HMM_DMIRROR_PROT_NONE		0x00
#define HMM_DMIRROR_PROT_READ		0x01
#define HMM_DMIRROR_PROT_WRITE		0x02
#define HMM_DMIRROR_PROT_PMD		0x04
#define HMM_DMIRROR_PROT_PUD		0x08
#define HMM_DMIRROR_PROT_ZERO		0x10
#define HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL	0x20
#define HMM_DMIRROR_PROT_DEV_PRIVATE_REMOTE	0x30
#endif
