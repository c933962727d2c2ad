/*
 * modules.c: the assembly's modules, in the order their schema versions
 * were added.  Adding a module: its version is PLENUM_SCHEMA_VERSION + 1,
 * raise PLENUM_SCHEMA_VERSION, list it here; databases of older versions
 * gain its tables when next opened.
 */
#include "assembly_impl.h"
#include "accounts.h"
#include "agenda.h"
#include "elections.h"
#include "polls.h"
#include "scans.h"

const struct plenum_store_module *const plenum_store_modules[] = {
	&plenum_agenda_module,	 &plenum_elections_module,
	&plenum_accounts_module, &plenum_polls_module,
	&plenum_scans_module,	 NULL,
};
