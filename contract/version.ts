/**
 * The release version of mobilityd and mobilityctl, kept in one place: they ship
 * together, GetStatus reports it, and `mobilityctl --version` prints it.
 */
export const MOBILITYD_VERSION = '0.1.0';
