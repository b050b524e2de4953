import { appTasks } from '@ohos/hvigor-ohos-plugin';

export default {
  system: appTasks, // Built-in plugin of hvigor. It cannot be modified.
  plugins: []
};
