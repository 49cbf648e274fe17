/*
 * The KVM backend: vCPUs as DMA engines over the arena. KVM is a real
 * secondary MMU that follows the host page tables through mmu_notifier;
 * each vCPU works through a ring of access descriptors against
 * guest-physical addresses backed by arena pages (kvm_guest.h), while
 * memslot changes (kvm_slots.c) and the CPU workers race it. What the
 * guest may do to a page is the host VMA's permission ∩ a memslot maps it
 * ∩ the memslot's flags.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "arena.h"
#include "kvm_dev.h"

static int kvm_probe(char *why, size_t n)
{
	struct sf_kvm_vm vm;

	if (!sf_kvm_guest_host()) {
		snprintf(why, n, "no KVM guest written for this architecture yet (x86_64 and arm64 only)");
		return -1;
	}
	if (access("/dev/kvm", F_OK) != 0) {
		snprintf(why, n, "/dev/kvm not present (no hardware virtualisation, or kvm not loaded)");
		return -1;
	}
	if (sf_kvm_vm_open(&vm, why, n) < 0)
		return -1;
	sf_kvm_vm_close(&vm);
	return 0;
}

static void kvm_close(struct sf_dev *d)
{
	for (unsigned i = 0; i < d->nq; i++) {
		sf_kvm_emul_close(&d->q[i].emul);
		sf_kvm_vcpu_close(&d->vm, &d->q[i].vcpu);
	}
	sf_kvm_vm_close(&d->vm);
	pthread_mutex_destroy(&d->slot_lock);
	free(d);
}

static int open_queue(struct sf_dev *d, unsigned i, char *err, size_t n)
{
	struct sf_kvm_queue *q = &d->q[i];

	q->ring_gpa = SF_KVM_RING_GPA + i * SF_KVM_RING_SIZE;
	q->ring = (struct sf_kg_ring *)(d->vm.low + q->ring_gpa);
	q->emul.fd = -1;
	if (sf_kvm_vcpu_open(&d->vm, &q->vcpu, i, err, n) < 0)
		return -1;
	if (d->guest->host_emulates)
		sf_kvm_emul_open(&q->emul, q->vcpu.fd);
	if (d->guest->setup_vcpu(&d->vm, q->vcpu.fd, q->ring_gpa, SF_KVM_STACK_GPA - i * 0x1000ull) < 0) {
		snprintf(err, n, "vCPU %u register setup: %s", i, strerror(errno));
		return -1;
	}
	return 0;
}

static int kvm_open(struct sf_dev **out, const struct sf_dev_opts *o, char *err, size_t n)
{
	struct sf_dev *d;
	int batch_only;

	if (o->knob && o->knob[0]) {
		snprintf(err, n, "the kvm backend has no bug knobs (it tests the real kernel); "
			 "use the sim or svatest backend for '%s'", o->knob);
		return -1;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	pthread_mutex_init(&d->slot_lock, NULL);
	d->guest = sf_kvm_guest_host();
	if (!d->guest) {
		snprintf(err, n, "no KVM guest for this architecture");
		free(d);
		return -1;
	}
	if (sf_kvm_vm_open(&d->vm, err, n) < 0) {
		free(d);
		return -1;
	}
	d->guest->setup_memory(d->vm.low);
	sf_kvm_load_code(&d->vm, d->guest->code, d->guest->code_len);
	d->nq = o->nqueues ? o->nqueues : 1;
	if (d->nq > SF_KVM_MAX_VCPUS) {
		snprintf(err, n, "%u vCPUs asked, at most %u", d->nq, SF_KVM_MAX_VCPUS);
		d->nq = 0;
		kvm_close(d);
		return -1;
	}
	batch_only = getenv("SVAFUZZ_KVM_BATCH_STAMPS") != NULL;
	for (unsigned i = 0; i < d->nq; i++) {
		d->q[i].clock.batch_only = batch_only;
		if (open_queue(d, i, err, n) < 0) {
			d->nq = i + 1;
			kvm_close(d);
			return -1;
		}
	}
	*out = d;
	return 0;
}

static int kvm_bind(struct sf_dev *d, struct sf_arena *a)
{
	d->arena = a;
	return sf_kvm_slots_bind(d);
}

static void kvm_unbind(struct sf_dev *d)
{
	sf_kvm_slots_unbind(d);
	d->arena = NULL;
}

static void kvm_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned i = 0; i < d->nq; i++) {
		st->steps += d->q[i].batches;
		st->fault_retries += d->q[i].exits;
		st->emulated_batches += d->q[i].emulated;
		st->emulation_unknown |= d->guest->host_emulates && d->q[i].emul.fd < 0;
	}
	st->invalidations = d->slot_changes;
}

const struct sf_backend_ops sf_backend_kvm = {
	.name = "kvm",
	.desc = "vCPUs running a descriptor-ring guest over arena-backed memslots (KVM's mmu_notifier)",
	.sem = SF_SEM_MIRROR,
	.max_queues = SF_KVM_MAX_VCPUS,
	.flags = SF_BE_SLOTS,
	.knobs = (const char *const[]){ NULL },
	.plant_sees = SF_PLANT_SEES_RANGE,
	.ops_supported = SF_OPS_MM | SF_OPS_SLOTS,
	.probe = kvm_probe,
	.open = kvm_open,
	.bind = kvm_bind,
	.unbind = kvm_unbind,
	.submit = sf_kvm_submit,
	.complete = sf_kvm_complete,
	.mutate = sf_kvm_mutate,
	.stats = kvm_stats,
	.close = kvm_close,
};
