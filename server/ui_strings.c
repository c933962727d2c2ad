/*
 * ui_strings.c: every string the browser UI shows, as msgids translated in
 * po/ like the reports; GET /api/i18n/:locale serves them.  The UI looks a
 * string up by its English text and shows the English when it is missing,
 * so adding a string here and in the .po files is all a new label needs.
 */
#include "ui_strings.h"

#include "i18n.h"

/* The strings of the browser UI, translated in po/ like the reports. */
const char *const plenum_ui_strings[] = {
	N_("Projector"),
	N_("Quorum"),
	N_("Should attend"),
	N_("Present"),
	N_("Needed for a quorum"),
	N_("met"),
	N_("not met"),
	N_("no quorum set by the rules"),
	N_("Agenda"),
	N_("Elections"),
	N_("Elected"),
	N_("Alternates"),
	N_("Pending"),
	N_("For"),
	N_("Round"),
	N_("No result yet"),
	N_("Live"),
	N_("Reconnecting…"),
	N_("seats"),
	NULL,
};
