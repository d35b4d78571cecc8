/**
 * The few Finnish messages the page frame and the error page need when the root loader's data
 * is not there (an error thrown before it ran). Kept equal to the catalogue by a unit test.
 */
export const FALLBACK_MESSAGES: Record<string, string> = {
  "app.name": "Hankevahti",
  "app.tagline": "ESR+-hankkeet ja kaupungin rahoitussitoumukset",
  "nav.main": "Päävalikko",
  "nav.skip": "Siirry sisältöön",
  "lang.switchTo": "In English",
  "error.notFound.title": "Sivua ei löytynyt",
  "error.notFound.body": "Hakemaasi sivua tai tietoa ei ole, tai se on poistettu.",
  "error.forbidden.title": "Ei käyttöoikeutta",
  "error.forbidden.body": "Sinulla ei ole oikeutta tähän toimintoon.",
  "error.unexpected.title": "Jokin meni vikaan",
  "error.unexpected.body": "Odottamaton virhe. Tietoja ei menetetty; yritä uudelleen. Jos virhe toistuu, ota yhteys ylläpitoon.",
  "error.backHome": "Palaa hankesalkkuun",
};
