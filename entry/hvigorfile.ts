import { hapTasks } from '@ohos/hvigor-ohos-plugin';

export default {
  system: hapTasks, // Built-in plugin of hvigor. It cannot be modified.
  plugins: []
};
