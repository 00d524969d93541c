/**
 * Our side refuses to send a push, because Ozon's state already says no (an action Ozon does not offer in the
 * return's state, a request Ozon decided the other way): shown as refused, with why, like Ozon's own refusal.
 */
export class PushRefused extends Error {}
