/** Injection tokens of what the platform module provides. */
export const CONFIG = Symbol('rivet:config');
export const LOGGER = Symbol('rivet:logger');
export const REDIS = Symbol('rivet:redis');
export const SERVICE_NAME = Symbol('rivet:service-name');
