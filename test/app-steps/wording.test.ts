import assert from 'node:assert/strict';
import { appStepsFor } from '../../src/app-steps/app-steps-text';
import { renderAppSteps } from '../../src/app-steps/render-app-steps';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { findingChanging, SETTINGS } from './support';

/** Wording the steps must not have: a title that says the app's name twice, a description quoted as if it were a label. */
describe('app steps: titles and steps read well in every language', () => {
  const TITLES: Record<string, string> = {
    en: 'In the new Outlook for Windows (Windows 10 and 11):',
    de: 'Im neuen Outlook für Windows (Windows 10 und 11):',
    es: 'En el nuevo Outlook para Windows (Windows 10 y 11):',
    fr: 'Dans le nouvel Outlook pour Windows (Windows 10 et 11)\u00a0:',
    ja: 'Windows 用の新しい Outlook の場合（Windows 10、11）:',
    'pt-BR': 'No novo Outlook para Windows (Windows 10 e 11):',
  };
  const MAC_STEP_2: Record<string, string> = {
    en: 'Select your account in the list on the left.',
    de: 'Wählen Sie links in der Liste Ihr Konto.',
    es: 'Seleccione su cuenta en la lista de la izquierda.',
    fr: 'Sélectionnez votre compte dans la liste de gauche.',
    ja: '左側の一覧でアカウントを選びます。',
    'pt-BR': 'Selecione sua conta na lista à esquerda.',
  };

  for (const language of LANGUAGES) {
    it(`${language}: new Outlook’s title names the app once; Outlook for Mac’s second step selects the account in the list`, () => {
      const t = translator(language);
      assert.equal(renderAppSteps(t, appStepsFor('outlook_new', findingChanging('port', 'incoming'), SETTINGS)!, language).title, TITLES[language]);
      for (const side of ['incoming', 'outgoing'] as const) {
        const mac = renderAppSteps(t, appStepsFor('outlook_mac', findingChanging('port', side), SETTINGS)!, language);
        assert.equal(mac.steps[1], MAC_STEP_2[language], side);
      }
    });
  }
});
