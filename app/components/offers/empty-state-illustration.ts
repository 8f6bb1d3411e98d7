// The offers list's empty-state picture, inline so the page needs no request outside the app (and no CDN).

/**
 * A parcel with a calendar page and a clock: goods that ship, and payment that comes later. Drawn for the
 * 226px-wide slot of Polaris' EmptyState; decorative, so EmptyState's empty alt text is right. The explicit
 * width and height give the image an intrinsic size: without them the flex container collapses it to 0 px.
 */
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="200" viewBox="0 0 240 200" fill="none">
<ellipse cx="120" cy="178" rx="92" ry="10" fill="#e3e3e3"/>
<path d="M52 78 120 52l68 26v78l-68 26-68-26z" fill="#f1d7a6"/>
<path d="M52 78l68 26 68-26-68-26z" fill="#f7e6c4"/>
<path d="M120 104v78l68-26V78z" fill="#e4c184"/>
<path d="m86 65 68 26v20l-12 5V95L74 69z" fill="#c99a4b"/>
<rect x="132" y="20" width="72" height="70" rx="8" fill="#fff" stroke="#4a4a4a" stroke-width="3"/>
<path d="M132 40h72" stroke="#4a4a4a" stroke-width="3"/>
<path d="M132 28a8 8 0 0 1 8-8h56a8 8 0 0 1 8 8v12h-72z" fill="#8051ff"/>
<path d="M150 14v12M186 14v12" stroke="#4a4a4a" stroke-width="3" stroke-linecap="round"/>
<g fill="#b5b5b5"><rect x="142" y="50" width="10" height="8" rx="2"/><rect x="163" y="50" width="10" height="8" rx="2"/><rect x="184" y="50" width="10" height="8" rx="2"/><rect x="142" y="66" width="10" height="8" rx="2"/><rect x="184" y="66" width="10" height="8" rx="2"/></g>
<rect x="163" y="66" width="10" height="8" rx="2" fill="#29845a"/>
<circle cx="58" cy="44" r="26" fill="#fff" stroke="#4a4a4a" stroke-width="3"/>
<path d="M58 28v16l11 7" stroke="#4a4a4a" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

export const OFFERS_EMPTY_STATE_IMAGE = `data:image/svg+xml,${encodeURIComponent(SVG)}`;
