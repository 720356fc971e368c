import type { AppId } from './apps';

/**
 * Words that name an app, in any of the six languages (brand names rarely change). The order
 * matters: the more specific Outlook names are tried before plain "Outlook".
 */
const NAMES: readonly [AppId, RegExp][] = [
  ['outlook_new', /\b(?:new|neue[sn]?|nuevo|nouvel|novo)\s+outlook\b|\boutlook\s+(?:new|nuevo|novo)\b|新しい\s*outlook/iu],
  ['outlook_classic', /\b(?:classic|klassische[sn]?|clásico|clasico|classique|clássico|classico)\s+outlook\b|\boutlook\s+(?:classic|klassisch|clásico|classique|clássico|20(?:1[0369]|2[14]))\b|クラシック\s*outlook|\boutlook\s*\(classic\)/iu],
  ['outlook_mac', /\boutlook\s+(?:for|für|para|pour|no|on|auf\s+dem)?\s*mac(?:os)?\b|mac\s*(?:用|の)\s*outlook/iu],
  ['outlook_mobile', /\boutlook\s+(?:app|on\s+(?:my\s+)?(?:phone|iphone|android)|(?:for|für|para|pour)\s+(?:ios|android)|mobile|auf\s+dem\s+handy|no\s+celular)\b|スマ(?:ート)?フォンの\s*outlook/iu],
  ['thunderbird', /\bthunderbird\b|サンダーバード/iu],
  ['em_client', /\bem\s*client\b/iu],
  ['samsung_email', /\bsamsung\b/iu],
  ['gmail_app', /\bgmail(?:\s*app|-app)?\b/iu],
  ['iphone_mail', /\b(?:iphone|ipad|ios)\b/iu],
  ['apple_mail', /\b(?:apple\s*mail|macos\s*mail|mail\s+(?:on|auf|en|sur|no)\s+(?:(?:my|the|dem|el|le|o)\s+)?mac|macbook|imac)\b/iu],
  ['sending_device', /\b(?:printer|scanner|drucker|impresora|escáner|imprimante|impressora|copier|multifunction|mfp|nodemailer|phpmailer|smtplib|script|skript)\b|プリンター|複合機|スキャナー/iu],
];

/**
 * Said in passing (not as the answer to "which app?"), "Gmail" and "Samsung" name a provider or a
 * phone as often as an app: only "Gmail app" and "Samsung Email" count then.
 */
const IN_PASSING: Partial<Record<AppId, RegExp>> = {
  gmail_app: /\bgmail[\s-]*app\b|\bapp\s+(?:de\s+|do\s+)?gmail\b|gmail\s*アプリ/iu,
  samsung_email: /\bsamsung[\s-]*(?:e-?mail|mail)\b/iu,
};

/** Outlook without saying which one: the bot asks which, rather than guessing. */
const PLAIN_OUTLOOK = /\boutlook\b|アウトルック/iu;

/**
 * The app a person names in a sentence ("I use Thunderbird", "on my iPhone"): one app, or
 * `outlook` when only "Outlook" is said, or undefined. An email address is not an app name
 * (alice@gmail.com says nothing about the app).
 */
export function appNamed(sentence: string, options: { inPassing?: boolean } = {}): AppId | 'outlook' | undefined {
  const words = sentence.replace(/\S+@\S+/gu, ' ').replace(/\b[\w-]+\.(?:com|net|org|de|fr|es|jp|br|test|example)\b/giu, ' ');
  const found = NAMES.filter(([app, pattern]) => pattern.test(words) && (!options.inPassing || (IN_PASSING[app]?.test(words) ?? true))).map(([app]) => app);
  // "Outlook on my iPhone" names Outlook mobile, not iPhone Mail.
  const apps = found.includes('outlook_mobile') ? ['outlook_mobile' as const] : found;
  if (apps.length === 1) return apps[0];
  if (apps.length === 0 && PLAIN_OUTLOOK.test(words)) return 'outlook';
  return undefined;
}

/**
 * Texts mail apps print that a user may paste with a command's output: Outlook's Send/Receive
 * error codes, Thunderbird's and Apple's messages, user agents. Only what names one app.
 */
const OUTPUT_SIGNS: readonly [AppId, RegExp][] = [
  ['outlook_classic', /0x800CCC[0-9A-F]{2}|Send\/Receive error|Log onto incoming mail server|Sending reported error/iu],
  ['thunderbird', /Thunderbird\/\d+|Login to server \S+ (?:with username \S+ )?failed|Configuration could not be verified/iu],
  ['iphone_mail', /Cannot Get Mail|Cannot Send Mail|The mail server ".+" is not responding/iu],
  ['em_client', /eM Client/iu],
];

/** The app a paste of client output shows, when exactly one app's texts are in it. */
export function appInOutput(output: string): AppId | undefined {
  const found = OUTPUT_SIGNS.filter(([, pattern]) => pattern.test(output)).map(([app]) => app);
  return found.length === 1 ? found[0] : undefined;
}
