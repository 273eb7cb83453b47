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
};

export default en;
