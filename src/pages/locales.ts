/**
 * The words of the login page in the languages the OP has them for, and the choice among the
 * request's `ui_locales` (OIDC Core §3.1.2.1: "End-User's preferred languages and scripts for the
 * user interface, ... in order of preference"): the first one the OP has, else English.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */

/** The login page's labels. */
export interface LoginLabels {
  logIn: string
  signUp: string
  asks: string
  willReceive: string
  chooseUser: string
  otherUser: string
  newUser: string
  claims: string
  continue: string
  createAccount: string
  cancel: string
}

const LABELS: Readonly<Record<string, LoginLabels>> = {
  en: {
    logIn: 'Log in', signUp: 'Create an account', asks: 'asks you to log in.', willReceive: 'It will receive:', chooseUser: 'Choose a user',
    otherUser: 'Or log in as another user (sub)', newUser: 'Your new user (sub)', claims: 'Claims (JSON)', continue: 'Continue', createAccount: 'Create account', cancel: 'Cancel',
  },
  de: {
    logIn: 'Anmelden', signUp: 'Konto erstellen', asks: 'bittet Sie, sich anzumelden.', willReceive: 'Es erhält:', chooseUser: 'Benutzer wählen',
    otherUser: 'Oder als anderer Benutzer anmelden (sub)', newUser: 'Ihr neuer Benutzer (sub)', claims: 'Claims (JSON)', continue: 'Weiter', createAccount: 'Konto erstellen', cancel: 'Abbrechen',
  },
  fr: {
    logIn: 'Connexion', signUp: 'Créer un compte', asks: 'vous demande de vous connecter.', willReceive: 'Il recevra :', chooseUser: 'Choisir un utilisateur',
    otherUser: 'Ou se connecter comme un autre utilisateur (sub)', newUser: 'Votre nouvel utilisateur (sub)', claims: 'Claims (JSON)', continue: 'Continuer', createAccount: 'Créer le compte', cancel: 'Annuler',
  },
}

/** `ui_locales_supported` (Discovery §3): the languages of the login page. */
export const UI_LOCALES = Object.keys(LABELS)

/** The page's language and labels for `uiLocales` (space-separated BCP 47 tags): an exact tag, else its language. */
export function loginLocale(uiLocales: string | undefined): { lang: string; labels: LoginLabels } {
  for (const tag of (uiLocales ?? '').split(' ').filter(Boolean)) {
    const language = tag.split('-')[0]!.toLowerCase()
    if (Object.hasOwn(LABELS, language)) return { lang: tag, labels: LABELS[language]! }
  }
  return { lang: 'en', labels: LABELS.en! }
}
