/**
 * How long the pointer rests on a control before its tooltip shows, the same everywhere so tooltips
 * feel alike across the app (keyboard focus shows them at once). Long enough that moving the pointer
 * across a row of icons does not flash a tooltip for each.
 */
export const TOOLTIP_DELAY_MS = 500
