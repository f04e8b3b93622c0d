/** mobilityd's version, kept in one place (also reported by GetStatus). */
export const MOBILITYD_VERSION = '0.1.0';
