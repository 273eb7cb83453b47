/** English for the auth pages: Chinese phrase → English (see web/app/i18n.ts). */
const en: Record<string, string> = {
  请输入用户名: 'Enter your user name',
  请输入密码: 'Enter your password',
  '登录失败，请稍后重试': 'Sign-in failed. Please try again later.',
  会商: 'Consultations',
  '会商 · 局县科技会商平台': 'Huishang · Bureau–county S&T consultation platform',
  '清单制议题 · 闭环落实 · 按期销号': 'Listed items · followed through · closed out on time',
  用户名: 'User name',
  密码: 'Password',
  登录: 'Sign in',
  请先修改密码: 'Please change your password first',
  '{name}（{username}），您的密码由管理员设置或重置。为保证只有您本人知道密码，修改之后才能继续使用系统。':
    '{name} ({username}), your password was set or reset by an administrator. Change it so that only you know it; then you can go on using the system.',
  退出登录: 'Sign out',
  '请输入 6 位动态验证码或恢复码': 'Enter the 6-digit code or a recovery code',
  '两步验证：请打开手机上的验证器应用，输入“会商平台”账号 {username} 当前显示的 6 位动态验证码；手机不在身边时，可输入一个恢复码（每个只能用一次）。':
    'Two-factor login: open the authenticator app on your phone and enter the 6-digit code it shows for the Huishang account {username}. Without your phone, enter a recovery code (each works once).',
  动态验证码: 'Authentication code',
  '6 位数字或恢复码': '6 digits or a recovery code',
  验证并登录: 'Verify and sign in',
  '返回，换一个账号登录': 'Back: sign in with another account',
  '密码已过期，请先修改密码': 'Your password has expired: change it first',
  '{name}（{username}），您的密码已超过系统规定的有效期，修改之后才能继续使用系统。': '{name} ({username}), your password is older than the system allows. Change it to continue.',
  请先启用两步验证: 'Turn on two-factor login first',
  '{name}（{username}），管理员账号须同时使用密码和手机验证器应用的动态验证码登录（等保三级要求）。绑定验证器之后才能继续使用系统。':
    '{name} ({username}), administrator accounts sign in with a password and a code from an authenticator app (MLPS level 3). Bind an authenticator to continue.',
  绑定验证器: 'Bind an authenticator',
};

export default en;
