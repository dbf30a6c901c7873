// Package postconf reproduces, byte for byte and without Postfix, what
// Postfix 3.7's "postconf -n" and "postconf -M" print for a configuration
// parsed by package syntax, and where they fail instead.
//
// "postconf -n" (Config.ShowMain, Main) prints the main.cf settings whose
// names postconf knows, sorted, as "name = value" with blanks collapsed;
// unknown names are left out. Knowing a name takes more than a list of
// built-in parameters: master.cf services define parameters, and a
// user-defined setting counts when other settings use it. See
// Config.ShowMain.
//
// "postconf -M" (Config.ShowMaster, Master) prints each master.cf entry
// with its fields in columns and its command arguments normalized. See
// Config.ShowMaster.
//
// Both commands read both files and stop with "fatal:" on the same
// problems: a main.cf line without "=", a master.cf entry with fewer than
// eight fields or a bad type, flag, wakeup or process limit field, and
// macro syntax errors in values that postconf expands. These come back as
// *Error, positioned at the offending text.
//
// The package follows the Postfix 3.7 sources: readllines and
// split_nameval for main.cf, pcf_parse_master_entry and
// pcf_print_master_entry for master.cf, pcf_register_user_parameters and
// postconf_dbms.c for the names postconf knows, and mac_parse and
// mac_expand for $name. The built-in parameter names and defaults are in
// builtin.txt, generated from postconf 3.7.11 by mkbuiltin.sh. The
// differential tests compare the results with the installed postconf.
package postconf
