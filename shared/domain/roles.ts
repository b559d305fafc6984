/**
 * Contributor roles (身份) as the desk prints them. The code is what the archive and the API
 * store; the word is the house form printed in a byline. Outside outlets (湖北日报记者…) keep
 * the role and carry the outlet separately.
 */
export const ROLES = ['reporter', 'contributing-reporter', 'trainee-reporter', 'correspondent', 'intern', 'photographer'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_WORDS: Readonly<Record<Role, string>> = {
  reporter: '记者',
  'contributing-reporter': '特约记者',
  'trainee-reporter': '见习记者',
  correspondent: '通讯员',
  intern: '实习生',
  photographer: '摄影记者',
};

/** Photo credit kinds: 摄 (took the picture) and 供图 (supplied it). */
export const CREDIT_KINDS = ['photo', 'courtesy'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

export const CREDIT_WORDS: Readonly<Record<CreditKind, string>> = {
  photo: '摄',
  courtesy: '供图',
};
