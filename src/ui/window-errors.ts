/**
 * Error modules that only the window raises: importing them registers their classes and texts (issue 17 §3).
 * Errors from the worker need no import here: a class this side never loaded arrives with its name, fields,
 * guide and texts (shared/errors/error-registry.ts).
 */
import './env-check/descriptor-error';
import './cert-only/errors';
